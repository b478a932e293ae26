"""`kurs lint`: output, exit status and running without a database.

No test here has database access (pytest-django refuses it without `django_db`), which
is itself part of the proof that the command never touches one.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command

from kurs.coach import text
from kurs.coach.management.commands.lint import message_language
from kurs.coach.text import TextIssue

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples" / "okrs"

CLEAN = """\
cycle: {name: 2027-Q1, start: 2027-01-01, end: 2027-03-31}
unit: Support
objectives:
  - title: Customers get help the moment they need it
    origin: top_down
    key_results:
      - {title: Median first reply from 9 to 2 hours, metric: decrease, start: 9, target: 2}
      - {title: Tickets solved on first contact from 40 to 60 of 100, start: 40, target: 60}
      - {title: Satisfaction after a ticket from 3.9 to 4.5 of 5, start: 3.9, target: 4.5}
  - title: Our help pages answer the common questions
    key_results:
      - {title: Password tickets from 300 to 50 a month, metric: decrease, start: 300, target: 50}
      - {title: Searches with a helpful result from 55 to 80 of 100, start: 55, target: 80}
      - {title: Help page visits from 2000 to 5000 a month, start: 2000, target: 5000}
  - title: New colleagues feel at home within a week
    key_results:
      - {title: Onboarding rating from 3.1 to 4.3 of 5, start: 3.1, target: 4.3}
      - {title: Days to a first solved ticket 10 → 3, metric: decrease, start: 10, target: 3}
      - {title: New colleagues with a buddy from 2 to 6 of 6, start: 2, target: 6}
"""

# The second key result of the first objective gets a text error from the patched text
# module, and the file has only one objective with two key results (warnings).
WITH_ERROR = """\
cycle: {name: 2027-Q1, start: 2027-01-01, end: 2027-03-31}
objectives:
  - title: Customers love our new website
    key_results:
      - {title: Visitors who sign up from 2 to 5 of 100, start: 2, target: 5}
      - {title: Launch the new website, metric: milestone}
"""


def a_task(title: str, **fields: object) -> list[TextIssue]:
    """The text checks, reduced to one blatant case (plumbing tests, whatever text.py finds)."""
    if title.startswith("Launch"):
        return [TextIssue("KR_IS_TASK", "This is a task.", "Measure what the launch achieves.")]
    return []


@pytest.fixture(autouse=True)
def _only_blatant_text_issues():
    with (
        mock.patch.object(text, "key_result_issues", side_effect=a_task),
        mock.patch.object(text, "objective_issues", return_value=[]),
    ):
        yield


def lint(*args: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("lint", *args, stdout=stdout, stderr=stderr)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, stdout.getvalue(), stderr.getvalue()


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_a_clean_file_exits_0(tmp_path):
    path = write(tmp_path, "support.yaml", CLEAN)

    code, out, err = lint(str(path))

    assert code == 0
    assert out.strip() == "1 file, 0 errors, 0 warnings, 0 hints"
    assert err == ""


def test_an_error_finding_exits_1_with_file_line_and_suggestion(tmp_path):
    path = write(tmp_path, "web.yaml", WITH_ERROR)

    code, out, err = lint(str(path))

    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (f"{path}:6: error KR_IS_TASK objectives[0].key_results[1]: This is a task.")
    assert lines[1] == "    → Measure what the launch achieves."
    assert f"{path}:3: warning KR_COUNT objectives[0]: 2 key results" in out
    assert f"{path}: warning OBJ_COUNT file: 1 objective:" in out
    assert lines[-1] == "1 file, 1 error, 2 warnings, 0 hints"
    assert err == ""


def test_json_output(tmp_path):
    path = write(tmp_path, "web.yaml", WITH_ERROR)

    code, out, _err = lint(str(path), "--format", "json")

    assert code == 1
    data = json.loads(out)
    [entry] = data["files"]
    assert list(data) == ["files"] and list(entry) == ["path", "findings"]
    assert entry["path"] == str(path)
    assert entry["findings"][0] == {
        "code": "KR_IS_TASK",
        "severity": "error",
        "item": "objectives[0].key_results[1]",
        "line": 6,
        "message": "This is a task.",
        "suggestion": "Measure what the launch achieves.",
    }
    assert {f["code"] for f in entry["findings"]} == {"KR_IS_TASK", "KR_COUNT", "OBJ_COUNT"}


def test_an_unreadable_file_exits_2_and_says_where(tmp_path):
    good = write(tmp_path, "a.yaml", WITH_ERROR)
    bad = write(
        tmp_path,
        "b.yaml",
        "objectives:\n  - title: x\n    key_results:\n      - {title: y, metric: more}\n",
    )

    code, out, err = lint(str(good), str(bad))

    assert code == 2  # 2 wins over the error finding in a.yaml
    assert err.strip() == (
        f"{bad}:4: objectives[0].key_results[0].metric: expected one of increase, decrease, "
        "range, milestone, got “more”"
    )
    assert "KR_IS_TASK" in out  # the readable file is still linted
    assert out.splitlines()[-1].endswith(", 1 file could not be read")


def test_an_unreadable_file_in_json(tmp_path):
    bad = write(tmp_path, "logo.yml", b"\x89PNG\r\n\x1a\n\xff\xfe")

    code, out, err = lint(str(bad), str(tmp_path / "missing.yaml"), "--format", "json")

    assert code == 2
    assert err == ""
    first, second = json.loads(out)["files"]
    assert first["path"] == str(bad) and first["findings"] == []
    assert first["error"]["line"] == 1
    assert "binary file" in first["error"]["message"]
    assert second["error"] == {"line": None, "message": "file not found"}


def test_directories_are_searched_recursively_and_sorted(tmp_path):
    write(tmp_path, "teams/sales.yml", CLEAN)
    write(tmp_path, "marketing.yaml", CLEAN)
    write(tmp_path, "teams/README.md", "not an OKR file")
    write(tmp_path, ".github/workflows/ci.yml", "on: push\n")  # YAML, but no OKR file

    code, out, _err = lint(str(tmp_path), "--format", "json")

    assert code == 0
    assert [entry["path"] for entry in json.loads(out)["files"]] == [
        str(tmp_path / "marketing.yaml"),
        str(tmp_path / "teams" / "sales.yml"),
    ]


def test_a_directory_without_okr_files_is_an_error(tmp_path):
    code, _out, err = lint(str(tmp_path))
    assert code == 2
    assert "no OKR files" in err


def test_the_examples():
    code, out, _err = lint(str(EXAMPLES / "marketing.yaml"))
    assert (code, out.strip()) == (0, "1 file, 0 errors, 0 warnings, 0 hints")

    code, out, _err = lint(str(EXAMPLES / "sales-draft.yaml"), "--format", "json")
    codes = {f["code"] for f in json.loads(out)["files"][0]["findings"]}
    # The structure mistakes the draft shows, whatever the text checks add.
    assert {"CYCLE_LENGTH", "KR_COUNT", "KR_NO_BASELINE", "KR_NO_TARGET"} <= codes
    assert {"NOT_ALIGNED", "OBJ_NO_KEY_RESULTS", "ORIGIN_MIX"} <= codes
    assert code == 1  # “Launch a new website”


def test_german_messages_do_not_crash(tmp_path):
    path = write(tmp_path, "web.yaml", WITH_ERROR)
    code, out, _err = lint(str(path), "--lang", "de")
    assert code == 1
    assert "KR_COUNT" in out


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8", "LC_ALL": "C.UTF-8"}, "en"),
        ({"LANG": "en_GB.UTF-8", "LANGUAGE": "de:en"}, "de"),
        ({"LC_ALL": "de_AT.UTF-8"}, "de"),
    ],
)
def test_message_language_from_the_environment(environ, expected):
    assert message_language(None, environ) == expected
    assert message_language("en", {"LANG": "de_DE.UTF-8"}) == "en"


def run_kurs(*args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    """`kurs ...` as CI runs it: no secret key, no debug, a database that cannot exist."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"KURS_SECRET_KEY", "KURS_DEBUG", "KURS_INSECURE_DEFAULT_KEY"}
    }
    env["KURS_DATABASE_URL"] = "sqlite:////nonexistent-kurs-dir/sub/kurs.sqlite3"
    env.update(extra_env)
    script = Path(sys.executable).parent / "kurs"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "kurs.cli"]
    return subprocess.run(
        [*command, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_kurs_lint_runs_without_a_database_or_secret_key():
    result = run_kurs("lint", "examples/okrs/marketing.yaml", "--format", "json")

    assert result.returncode == 0, result.stderr
    [entry] = json.loads(result.stdout)["files"]
    assert entry["path"] == "examples/okrs/marketing.yaml"
    assert not Path("/nonexistent-kurs-dir").exists()

    result = run_kurs("lint", "examples/okrs", "nonexistent.yaml", LANG="de_DE.UTF-8")
    assert result.returncode == 2
    assert "nonexistent.yaml:" in result.stderr
    assert "examples/okrs/sales-draft.yaml:4: warning CYCLE_LENGTH file:" in result.stdout


def test_a_reader_that_stops_early_is_no_error():
    # `kurs lint ... | head -1`: the pipe closes before kurs has written anything.
    env = {key: value for key, value in os.environ.items() if key != "KURS_SECRET_KEY"}
    script = Path(sys.executable).parent / "kurs"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "kurs.cli"]
    process = subprocess.Popen(
        [*command, "lint", "examples/okrs/sales-draft.yaml", "examples/okrs"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.stderr.close()

    assert process.wait(timeout=120) == 1  # still says: there are error findings
    assert "BrokenPipeError" not in stderr and "Traceback" not in stderr


def test_thousands_with_two_points_are_read(tmp_path):
    path = write(
        tmp_path,
        "sales.yaml",
        CLEAN.replace(
            "from 2000 to 5000 a month, start: 2000, target: 5000",
            "from 1.500.000 to 2.000.000 a month, start: 1.500.000, target: 2.000.000",
        ),
    )

    code, out, err = lint(str(path), "--format", "json")

    assert (code, err) == (0, "")
    assert json.loads(out)["files"][0]["findings"] == []

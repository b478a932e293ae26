import datetime as dt

from kurs.strategy import actions, selectors


def test_company_and_department_documents(owner, company, marketing, objective):
    organization = owner.organization
    actions.do_set_frameworks(owner, organization, "both")
    period = actions.do_create_period(
        owner, name="2026", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )
    top = actions.do_create_document(
        owner,
        period=period,
        framework="v2mom",
        unit=company,
        statement="Be the best",
        items=[
            {"section": "values", "title": "Trust"},
            {"section": "methods", "title": "Win the Mittelstand"},
            {"section": "methods", "title": "Service first"},
            {"section": "measures", "title": "Revenue", "start": 10, "target": 20},
        ],
    )
    child = actions.do_create_document(owner, period=period, framework="v2mom", unit=marketing)
    assert child.parent_id == top.pk
    method = top.items.get(title="Win the Mittelstand")
    mine = actions.do_add_item(
        owner, child, section="methods", title="Better leads", supports=method
    )
    actions.do_add_item(owner, child, section="methods", title="Art project")
    actions.do_link_objective(owner, mine, objective)
    view = selectors.document_view(top)
    assert [i.title for i in view.sections[1].items] == ["Win the Mittelstand", "Service first"]
    tree = selectors.cascade(owner, period, "v2mom")
    assert [n.document for n in tree.nodes] == [top, child]
    assert [i.title for i in tree.nodes[0].unsupported] == ["Service first"]
    assert [i.title for i in tree.nodes[1].art_projects] == ["Art project"]
    assert tree.art_objective_count == 0
    assert top.versions.count() == 1 and child.versions.count() == 4

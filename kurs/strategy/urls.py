from django.urls import path

from kurs.strategy.views import documents, export, overview

urlpatterns = [
    # Overview: the cascade, history and diff, renewal, meeting mode (views/overview.py).
    path("strategy/", overview.cascade, name="strategy_cascade"),
    path("strategy/<int:pk>/history/", overview.history, name="strategy_history"),
    path("strategy/<int:pk>/diff/", overview.diff, name="strategy_diff"),
    path("strategy/<int:pk>/renew/", overview.renew, name="strategy_renew"),
    path("strategy/<int:pk>/meeting/", overview.meeting, name="strategy_meeting"),
    path(
        "strategy/<int:pk>/meeting/record/",
        overview.meeting_record,
        name="strategy_meeting_record",
    ),
    # Documents and their items (views/documents.py).
    path("strategy/new/", documents.document_create, name="strategy_create"),
    path("strategy/<int:pk>/", documents.document_detail, name="strategy_detail"),
    path("strategy/<int:pk>/edit/", documents.document_edit, name="strategy_edit"),
    path("strategy/<int:pk>/delete/", documents.document_delete, name="strategy_delete"),
    path("strategy/<int:pk>/items/new/", documents.item_create, name="strategy_item_create"),
    path("strategy/items/<int:pk>/edit/", documents.item_edit, name="strategy_item_edit"),
    path("strategy/items/<int:pk>/replace/", documents.item_replace, name="strategy_item_replace"),
    path("strategy/items/<int:pk>/delete/", documents.item_delete, name="strategy_item_delete"),
    path("strategy/items/<int:pk>/move/", documents.item_move, name="strategy_item_move"),
    path(
        "strategy/items/<int:pk>/acceptances/",
        documents.item_acceptance,
        name="strategy_item_acceptance",
    ),
    path(
        "objectives/<int:pk>/strategy/",
        documents.objective_strategy,
        name="objective_strategy",
    ),
    path(
        "acceptances/<int:pk>/decide/",
        documents.acceptance_decide,
        name="acceptance_decide",
    ),
    path(
        "acceptances/<int:pk>/withdraw/",
        documents.acceptance_withdraw,
        name="acceptance_withdraw",
    ),
    path("manage/strategy/", documents.manage_strategy, name="manage_strategy"),
    path(
        "manage/strategy/periods/<int:pk>/",
        documents.manage_period_edit,
        name="manage_period_edit",
    ),
    # Exports (views/export.py).
    path("strategy/<int:pk>/export.pdf", export.document_pdf, name="strategy_pdf"),
    path("strategy/<int:pk>/export.pptx", export.document_pptx, name="strategy_pptx"),
]

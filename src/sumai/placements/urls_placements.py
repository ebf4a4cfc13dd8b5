from django.urls import path

from sumai.placements import views_placements as views

urlpatterns = [
    path("cases/<id:pk>/placements/new/", views.placement_new, name="placement_new"),
    path("cases/<id:pk>/placements/<id:placement>/", views.placement, name="placement"),
    path(
        "cases/<id:pk>/placements/<id:placement>/follow-ups/<id:follow_up>/",
        views.followup_answer,
        name="followup_answer",
    ),
    path("cases/<id:pk>/placements/<id:placement>/end/", views.placement_end, name="placement_end"),
    path("cases/<id:pk>/placements/<id:placement>/cancel/", views.placement_cancel, name="placement_cancel"),
]

from django.urls import path

from sumai.insights import views, views_consultations

app_name = "insights"
urlpatterns = [
    path("", views.index, name="index"),
    path("corporations/", views.corporations, name="corporations"),
    path("councils/", views.councils, name="councils"),
    path("housing/", views.housing, name="housing"),
    path("consultations/", views_consultations.consultations, name="consultations"),
    path("data/<slug:name>.csv", views.data_csv, name="data_csv"),
    path("data/consultations.json", views_consultations.consultations_json, name="consultations_json"),
]

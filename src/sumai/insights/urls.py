from django.urls import path

from sumai.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.index, name="index"),
    path("corporations/", views.corporations, name="corporations"),
    path("councils/", views.councils, name="councils"),
    path("housing/", views.housing, name="housing"),
    path("data/<slug:name>.csv", views.data_csv, name="data_csv"),
]

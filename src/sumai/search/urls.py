from django.urls import path

from sumai.search import views, views_opendata

app_name = "search"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/municipalities/", views.municipality_options, name="municipality_options"),
    path("units/<id:pk>/", views.unit, name="unit"),
    path("units/<id:pk>/print/", views.unit_print, name="unit_print"),
    path("units/<id:pk>/inquiry/", views.unit_inquiry, name="unit_inquiry"),
    path("units/<id:pk>/photos/<id:attachment_id>/", views.photo, name="photo"),
]
urlpatterns += [  # open data (sumai.search.views_opendata)
    path("open-data/", views_opendata.open_data, name="open_data"),
    path("open-data/units.csv", views_opendata.units_csv, name="open_data_units_csv"),
    path("open-data/units.json", views_opendata.units_json, name="open_data_units_json"),
    path("open-data/snapshots/", views_opendata.snapshot_list, name="open_data_snapshot_list"),
    path("open-data/snapshots/latest.json", views_opendata.snapshot_json, name="open_data_snapshot_json"),
    path("open-data/snapshots/<str:day>.csv", views_opendata.snapshot_csv, name="open_data_snapshot_csv"),
]

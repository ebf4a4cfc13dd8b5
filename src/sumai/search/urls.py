from django.urls import path

from sumai.search import views

app_name = "search"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/municipalities/", views.municipality_options, name="municipality_options"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("units/<int:pk>/print/", views.unit_print, name="unit_print"),
    path("units/<int:pk>/photos/<int:attachment_id>/", views.photo, name="photo"),
]

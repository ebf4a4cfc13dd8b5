from django.urls import path

from sumai.places import views

app_name = "places"
urlpatterns = [
    path("postal-fill/", views.postal_fill, name="postal_fill"),
    path("municipality-options/", views.municipality_options, name="municipality_options"),
]

from django.urls import path

from sumai.matching import views

app_name = "matching"
urlpatterns = [
    path("cases/<id:pk>/homes/", views.homes, name="homes"),
    path("cases/<id:pk>/homes/<id:snapshot>/", views.snapshot, name="snapshot"),
    path("cases/<id:pk>/support/", views.support, name="support"),
]

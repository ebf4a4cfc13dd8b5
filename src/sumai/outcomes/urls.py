"""Mounted at the site's root (config/urls.py): the public pages under /statistics/outcomes/, the members'
pages under /landlord/ and /council/."""

from django.urls import path, re_path

from sumai.outcomes import views, views_members

app_name = "outcomes"
PREFECTURE = r"(?P<prefecture>[0-9]{2})"
MUNICIPALITY = r"(?P<municipality>[0-9]{6})"
urlpatterns = [
    path("statistics/outcomes/", views.nation, name="nation"),
    path("statistics/outcomes/outcomes.csv", views.nation_csv, name="nation_csv"),
    path("statistics/outcomes/outcomes.json", views.nation_json, name="nation_json"),
    path("statistics/outcomes/corporations/", views.corporations, name="corporations"),
    path("statistics/outcomes/corporations/outcomes.csv", views.corporations_csv, name="corporations_csv"),
    path("statistics/outcomes/corporations/outcomes.json", views.corporations_json, name="corporations_json"),
    re_path(rf"^statistics/outcomes/{PREFECTURE}/$", views.prefecture, name="prefecture"),
    re_path(
        rf"^statistics/outcomes/{PREFECTURE}/outcomes\.csv$", views.prefecture_csv, name="prefecture_csv"
    ),
    re_path(
        rf"^statistics/outcomes/{PREFECTURE}/outcomes\.json$", views.prefecture_json, name="prefecture_json"
    ),
    re_path(rf"^statistics/outcomes/{PREFECTURE}/{MUNICIPALITY}/$", views.municipality, name="municipality"),
    re_path(
        rf"^statistics/outcomes/{PREFECTURE}/{MUNICIPALITY}/outcomes\.csv$",
        views.municipality_csv,
        name="municipality_csv",
    ),
    re_path(
        rf"^statistics/outcomes/{PREFECTURE}/{MUNICIPALITY}/outcomes\.json$",
        views.municipality_json,
        name="municipality_json",
    ),
    path("landlord/answers/", views_members.landlord_answers, name="landlord_answers"),
    path("council/outcomes/", views_members.council_area, name="council_area"),
]

from django.urls import path

from sumai.placements import views_inquiries as views

urlpatterns = [
    # the caseworker (the organisation that works the case and holds its household)
    path("cases/<id:pk>/inquiries/new/", views.inquiry_new, name="inquiry_new"),
    path("cases/<id:pk>/inquiries/<id:inquiry>/", views.inquiry_detail, name="inquiry"),
    path(
        "cases/<id:pk>/inquiries/<id:inquiry>/record-answer/",
        views.inquiry_record_answer,
        name="inquiry_record_answer",
    ),
    path("cases/<id:pk>/inquiries/<id:inquiry>/withdraw/", views.inquiry_withdraw, name="inquiry_withdraw"),
    # the landlord and the agents it authorised
    path("landlord/inquiries/", views.landlord_inbox, name="landlord_inquiries"),
    path("landlord/inquiries/<id:pk>/", views.landlord_inquiry, name="landlord_inquiry"),
    path("landlord/inquiries/<id:pk>/answer/", views.landlord_answer, name="landlord_answer"),
    # the e-mail's signed link (no sign-in; the link is the credential)
    path("i/<str:token>/", views.inquiry_link, name="inquiry_link"),
    # the registration authority
    path("registry/flags/", views.flag_list, name="flags"),
    path("registry/flags/<id:pk>/", views.flag_detail, name="flag"),
    path("registry/flags/<id:pk>/resolve/", views.flag_resolve, name="flag_resolve"),
]

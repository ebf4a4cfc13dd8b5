from sumai.placements import urls_inquiries, urls_placements

app_name = "placements"
urlpatterns = [*urls_inquiries.urlpatterns, *urls_placements.urlpatterns]

from scenebridge.catalog import views

app_name = "catalog"
urlpatterns = [
    *views.offer_pages.urlpatterns(views.offer_list),
    *views.resource_pages.urlpatterns(views.resource_list),
]

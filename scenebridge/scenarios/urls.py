from scenebridge.scenarios import views

app_name = "scenarios"
urlpatterns = views.pages.urlpatterns(views.scenario_list)

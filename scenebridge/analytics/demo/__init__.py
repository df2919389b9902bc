"""Demo content for SceneBridge: organizations, people, scenarios, offers and resources written for the project."""

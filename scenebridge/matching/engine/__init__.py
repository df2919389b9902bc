"""SceneBridge matching engine: pure Python, no Django."""

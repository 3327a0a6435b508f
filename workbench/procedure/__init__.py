"""The procedure per level: stages and transitions, gates, parameters, the legislative plan, the dossier, the dashboard."""

"""Reference knowledge, loaded once per process and validated: names, places, triggers, issues, words."""

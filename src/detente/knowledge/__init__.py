"""Knowledge: the project's knowledge files (countries, actors, titles) and name handling."""

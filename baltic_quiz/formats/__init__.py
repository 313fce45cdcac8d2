"""Date and number formats per language that Django's own defaults get wrong for this site."""

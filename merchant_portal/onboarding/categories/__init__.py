"""The marketplace's category tree, kept by admins as data (not code): nodes of several
levels with a name per language, and for each leaf the attributes a listing there fills."""

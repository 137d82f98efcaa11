"""Response curves learned from results: the fit job, its stored versions, accepting one, and
the curves page. Plans and the platform run read the accepted version (``accepted``)."""

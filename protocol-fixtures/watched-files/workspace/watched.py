def watched_function(value):
    doubled = value * 2
    return doubled

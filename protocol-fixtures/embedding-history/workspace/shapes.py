def area_of_circle(radius):
    value = 3.14159 * radius * radius
    return value

"""Areas and perimeters of plane shapes."""

import math


def area_of_circle(radius):
    """Return the area of a circle with the given radius."""
    if radius < 0:
        raise ValueError("radius must not be negative")
    return math.pi * radius * radius


def perimeter_of_rectangle(width, height):
    """Return the perimeter of a rectangle with the given sides."""
    if width < 0 or height < 0:
        raise ValueError("sides must not be negative")
    return 2 * (width + height)


class Rectangle:
    """An axis-aligned rectangle."""

    def __init__(self, width, height):
        self.width = width
        self.height = height

    def area(self):
        """Return the area of the rectangle."""
        return self.width * self.height

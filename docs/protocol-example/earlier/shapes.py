"""Areas and perimeters of plane shapes."""


def area_of_circle(radius):
    """Approximate area of a circle."""
    return 3.14 * radius ** 2


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

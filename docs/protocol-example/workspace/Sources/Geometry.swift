/// A circle in the plane.
struct Circle {
  var radius: Double

  /// The area enclosed by the circle.
  func area() -> Double {
    precondition(radius >= 0, "radius must not be negative")
    return Double.pi * radius * radius
  }
}

/// The perimeter of a rectangle with the given sides.
func rectanglePerimeter(width: Double, height: Double) -> Double {
  precondition(width >= 0 && height >= 0, "sides must not be negative")
  return 2 * (width + height)
}

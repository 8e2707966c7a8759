"""The training programme's services. `from training.services import bookings`."""

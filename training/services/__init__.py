"""The training programme's services. `from training.services import bookings`.

`fee_income` is the one figure another app reads: the budget's training fees line."""

from .charges import fee_income

__all__ = ["fee_income"]

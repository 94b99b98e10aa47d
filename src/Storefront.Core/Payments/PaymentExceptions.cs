namespace Storefront.Core.Payments;

/// <summary>
/// The provider refused to take payment for this attempt (a declined card, a request it will never
/// accept). Retrying the same attempt cannot succeed; the message is safe to show the shopper.
/// </summary>
public sealed class PaymentDeclinedException(string message, Exception? innerException = null)
    : Exception(message, innerException);

/// <summary>
/// The provider could not be reached or failed on its side, even after retries with the same
/// idempotency key. Nothing is decided: the same call may simply be made again later.
/// </summary>
public sealed class PaymentUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);

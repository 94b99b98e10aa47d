namespace Storefront.Core.Payments;

public enum TestCardOutcome
{
    Approved,
    Declined,
    InsufficientFunds,
    NotATestCard,
}

/// <summary>The test gateway answers like Stripe's test cards, so the whole journey runs offline.</summary>
public static class TestCards
{
    public const string Approved = "4242424242424242";
    public const string Declined = "4000000000000002";
    public const string InsufficientFunds = "4000000000009995";

    public static TestCardOutcome Evaluate(string? cardNumber)
    {
        var digits = new string((cardNumber ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits switch
        {
            Approved => TestCardOutcome.Approved,
            Declined => TestCardOutcome.Declined,
            InsufficientFunds => TestCardOutcome.InsufficientFunds,
            _ => TestCardOutcome.NotATestCard,
        };
    }

    public static string Explain(TestCardOutcome outcome) => outcome switch
    {
        TestCardOutcome.Declined => "Your card was declined.",
        TestCardOutcome.InsufficientFunds => "Your card was declined: insufficient funds.",
        TestCardOutcome.NotATestCard => "This store takes test payments only. Use card number 4242 4242 4242 4242.",
        _ => "",
    };
}

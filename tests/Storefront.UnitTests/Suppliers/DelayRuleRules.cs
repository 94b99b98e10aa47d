using Storefront.Core.Orders;
using Storefront.Core.Orders.Delays;

namespace Storefront.UnitTests.Suppliers;

public class DelayRuleRules
{
    private static readonly DateTime Now = new(2027, 3, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Promised = new(2027, 3, 20);
    private static readonly BackorderOptions Options = new();
    private static readonly ConsentSnapshot OnTime = new(ConsentState.NotNeeded, Promised, null, 0, false, null, null);

    [Fact]
    public void ExactlyThirtyDaysLateIsSilentThirtyOneIsNot()
    {
        Assert.Equal(ConsentState.Implied, DelayRule.Decide(OnTime, Promised.AddDays(30), Now, Options).After.Consent);
        Assert.Equal(ConsentState.Required, DelayRule.Decide(OnTime, Promised.AddDays(31), Now, Options).After.Consent);
    }

    [Fact]
    public void TheDeadlineIsAWeekButNeverPastTheAcceptedDateAndNeverUnderADay()
    {
        Assert.Equal(Now.AddDays(7), DelayRule.DeadlineFor(Promised, Now, Options));
        Assert.Equal(new DateTime(2027, 3, 4, 0, 0, 0, DateTimeKind.Utc), DelayRule.DeadlineFor(new DateOnly(2027, 3, 3), Now, Options));
        Assert.Equal(Now.AddDays(1), DelayRule.DeadlineFor(new DateOnly(2027, 2, 20), Now, Options));
    }

    [Fact]
    public void ADateBackWithinTheAcceptedOneNeedsNoAnswerAnyMore()
    {
        var asked = DelayRule.Decide(OnTime, Promised.AddDays(40), Now, Options).After;

        var back = DelayRule.Decide(asked, Promised, Now, Options);

        Assert.Equal((ConsentState.NotNeeded, BackorderEventKind.ConsentNoLongerNeeded, (DateTime?)null), (back.After.Consent, back.Event, back.After.Deadline));
    }

    [Fact]
    public void KeepingAnUndatedLineAcceptsTheFirstDateThatComes()
    {
        var kept = OnTime with { Consent = ConsentState.Given, AcceptedEta = DelayRule.AnyDate, Undated = true };

        var dated = DelayRule.Decide(kept, Promised.AddDays(90), Now, Options);

        Assert.Equal((ConsentState.Given, (DateOnly?)Promised.AddDays(90), false, (BackorderEventKind?)null), (dated.After.Consent, dated.After.AcceptedEta, dated.After.Undated, dated.Event));
    }
}

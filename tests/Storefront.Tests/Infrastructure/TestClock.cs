using Microsoft.Extensions.Time.Testing;

namespace Storefront.Tests.Infrastructure;

/// <summary>
/// The app's TimeProvider in tests: every call goes to the current test's <see cref="FakeTimeProvider"/>.
/// A host shared by the tests of a class points it at each test's own clock, so every test starts at
/// the same instant and moves time only for itself.
/// </summary>
public sealed class TestClock(FakeTimeProvider inner) : TimeProvider
{
    private FakeTimeProvider _inner = inner;

    public FakeTimeProvider Inner
    {
        get => Volatile.Read(ref _inner);
        set => Volatile.Write(ref _inner, value);
    }

    public override DateTimeOffset GetUtcNow() => Inner.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => Inner.LocalTimeZone;

    public override long TimestampFrequency => Inner.TimestampFrequency;

    public override long GetTimestamp() => Inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Inner.CreateTimer(callback, state, dueTime, period);
}

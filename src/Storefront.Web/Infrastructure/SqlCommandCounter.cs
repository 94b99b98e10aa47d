using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Storefront.Core.Data;

namespace Storefront.Web.Infrastructure;

/// <summary>
/// Counts the SQL commands each HTTP request sends and reports them in an <c>X-Sql-Commands</c>
/// response header, so benchmarks (bench/catalog.sh) can show that a page costs a fixed number of
/// queries whatever its size; and answers <c>GET /diagnostics/runtime</c> from loopback with the
/// process's allocated bytes, working set and GC counts, so a benchmark can give bytes per request.
/// Off unless <c>Diagnostics:SqlCommandHeader</c> is true; when off, nothing is registered and
/// requests pay nothing.
/// </summary>
public static class SqlCommandCounting
{
    public const string ConfigurationKey = "Diagnostics:SqlCommandHeader";
    public const string HeaderName = "X-Sql-Commands";
    public const string RuntimePath = "/diagnostics/runtime";

    public static WebApplicationBuilder AddSqlCommandCounting(this WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue<bool>(ConfigurationKey))
        {
            return builder;
        }
        builder.Services.AddSingleton<SqlCommandCounter>();
        builder.Services.ConfigureDbContext<StorefrontDbContext>((services, db) => db.AddInterceptors(services.GetRequiredService<SqlCommandCounter>()));
        // A startup filter puts the middleware first in the pipeline without Program.cs knowing about it.
        builder.Services.AddSingleton<IStartupFilter, SqlCommandHeaderStartupFilter>();
        return builder;
    }

    private sealed class SqlCommandHeaderStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path == RuntimePath && context.Connection.RemoteIpAddress is { } from && System.Net.IPAddress.IsLoopback(from))
                {
                    await context.Response.WriteAsJsonAsync(new
                    {
                        allocatedBytes = GC.GetTotalAllocatedBytes(precise: true),
                        workingSetBytes = Environment.WorkingSet,
                        gcHeapBytes = GC.GetTotalMemory(forceFullCollection: false),
                        gen0 = GC.CollectionCount(0),
                        gen1 = GC.CollectionCount(1),
                        gen2 = GC.CollectionCount(2),
                        serverGc = System.Runtime.GCSettings.IsServerGC,
                    });
                    return;
                }
                var tally = SqlCommandCounter.BeginRequest();
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers[HeaderName] = tally.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return Task.CompletedTask;
                });
                await nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>An EF Core interceptor that adds one to the current request's tally for every command executed.</summary>
public sealed class SqlCommandCounter : DbCommandInterceptor
{
    // The tally flows with the request's async context; commands outside a request (start-up, workers) are not counted.
    private static readonly AsyncLocal<Tally?> Current = new();

    public sealed class Tally
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);
        internal void Add() => Interlocked.Increment(ref _count);
    }

    public static Tally BeginRequest() => Current.Value = new Tally();

    /// <summary>Counts one command and lets it run unchanged.</summary>
    private static T Counted<T>(T result)
    {
        Current.Value?.Add();
        return result;
    }

    // Every kind of command, sync and async; "Executing" so a command that fails is counted too.
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Counted(result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Counted(result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Counted(result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Counted(result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Counted(result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Counted(result));
}

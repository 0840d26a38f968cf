using System.Runtime.ExceptionServices;
using LabelBridge.Core.Platforms;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace LabelBridge.Platforms.Resilience;

/// <summary>What a failed call to a platform is reported as.</summary>
/// <param name="Where">The server, as messages name it ("CVAT at https://…").</param>
/// <param name="BreakDuration">The platform's <c>CircuitBreakDuration</c>.</param>
/// <param name="RequestTimeout">The platform's <c>RequestTimeout</c> (per attempt).</param>
/// <param name="Attempts">How many attempts the retry makes.</param>
/// <param name="Unavailable">Makes the connector's exception (which logs it once).</param>
internal sealed record PlatformCallReporting(
    string Where, TimeSpan BreakDuration, TimeSpan RequestTimeout, int Attempts,
    Func<string, Exception, PlatformUnavailableException> Unavailable);

/// <summary>One call to a platform through its transport, for both connectors: a slot of the platform's concurrency gate,
/// the platform's resilience pipeline, and the transport's failures (open circuit, timeout, unreachable server) worded
/// once as a <see cref="PlatformUnavailableException"/> that pauses the sweep.</summary>
internal static class PlatformCall
{
    /// <param name="gate">The platform's concurrency gate, or null when the caller already holds a slot.</param>
    /// <param name="pipeline">The platform's (or an image host's) pipeline.</param>
    /// <param name="call">The request.</param>
    /// <param name="operation">What the call was, for messages ("GET api/tasks/").</param>
    /// <param name="reporting">How failures are worded and raised.</param>
    /// <param name="specific">A connector's own mapping of an exception and the operation, tried first; null (or a null
    /// answer) for the shared one.</param>
    /// <param name="cancellationToken">The caller's token; a transport failure after it fired is a cancellation.</param>
    /// <param name="singleAttempt">True for a request the retry must not repeat (<see cref="PlatformPipelines.SingleAttempt"/>).</param>
    public static async Task<T> RunAsync<T>(
        SemaphoreSlim? gate, ResiliencePipeline pipeline, Func<CancellationToken, Task<T>> call, string operation,
        PlatformCallReporting reporting, Func<Exception, string, Exception?>? specific, CancellationToken cancellationToken, bool singleAttempt = false)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(reporting);
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken);
        }

        try
        {
            if (!singleAttempt)
            {
                return await pipeline.ExecuteAsync(async token => await call(token), cancellationToken);
            }

            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(PlatformPipelines.SingleAttempt, true);
            try
            {
                return await pipeline.ExecuteAsync(static async (context, call) => await call(context.CancellationToken), context, call);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }
        catch (Exception e) when (specific?.Invoke(e, operation) is { } mapped)
        {
            // An exception the connector already had (e.g. its auth handler's advice) keeps its own stack trace.
            ExceptionDispatchInfo.Capture(mapped).Throw();
            throw;
        }
        catch (BrokenCircuitException e)
        {
            throw reporting.Unavailable(
                $"{reporting.Where} failed most recent requests, so LabelBridge stopped calling it for {reporting.BreakDuration.TotalSeconds:0.#} s (CircuitBreakDuration) instead of {operation}; the sweep resumes on its next run",
                e);
        }
        catch (TimeoutRejectedException e)
        {
            // A single-attempt request was made once: it is not repeated because it may have landed.
            var made = singleAttempt ? "made once (not repeated: it may have landed)" : $"{reporting.Attempts} attempts";
            throw reporting.Unavailable(
                $"{reporting.Where} did not answer {operation} within {reporting.RequestTimeout.TotalSeconds:0.#} s (RequestTimeout), {made}: is the server overloaded? RequestTimeout can be raised",
                e);
        }
        catch (Exception e) when (e is HttpRequestException or ApiRequestException && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The call was cancelled.", e, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or ApiRequestException)
        {
            var reason = (e as HttpRequestException ?? e.InnerException as HttpRequestException)?.HttpRequestError.ToString() ?? e.GetType().Name;
            throw reporting.Unavailable($"{reporting.Where} could not be reached for {operation} ({reason}): check Url and that the server is running", e);
        }
        finally
        {
            gate?.Release();
        }
    }
}

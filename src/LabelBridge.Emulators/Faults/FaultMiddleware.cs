using System.Globalization;

namespace LabelBridge.Emulators.Faults;

/// <summary>Applies <see cref="EmulatorFaults"/> to a request before the emulator's own endpoints see it.</summary>
public static class FaultMiddleware
{
    /// <param name="context">The request.</param>
    /// <param name="next">The emulator's own pipeline.</param>
    /// <param name="faults">What to do wrong.</param>
    /// <param name="loginPageTitle">Title of the HTML login page served instead of JSON.</param>
    /// <param name="writeError">Writes the platform's own error body for an emulated status.</param>
    public static async Task ApplyAsync(
        HttpContext context, RequestDelegate next, EmulatorFaults faults, string loginPageTitle, Func<HttpContext, int, Task> writeError)
    {
        var path = context.Request.Path.Value ?? "";
        if (faults.ServeHtmlLoginPage && path.StartsWith("/api/", StringComparison.Ordinal))
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(
                $"<!doctype html><html><head><title>{loginPageTitle}</title></head><body><form>Log in</form></body></html>", context.RequestAborted);
            return;
        }

        var rule = faults.Take(path, context.Request.Method);
        switch (rule?.Kind)
        {
            case FaultKind.Status:
                context.Response.StatusCode = rule.Status;
                if (rule.Duration > TimeSpan.Zero)
                {
                    context.Response.Headers.RetryAfter = ((int)Math.Ceiling(rule.Duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                await writeError(context, rule.Status);
                return;
            case FaultKind.Delay:
                await Task.Delay(rule.Duration, context.RequestAborted);
                break;
            case FaultKind.Drop:
                context.Abort();
                return;
            case FaultKind.DropAnswer:
                var answer = context.Response.Body;
                context.Response.Body = Stream.Null;
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Response.Body = answer;
                }

                context.Abort();
                return;
            case FaultKind.StallBody:
                var original = context.Response.Body;
                await using (var dripping = new DrippingStream(original, rule.Duration, context.RequestAborted))
                {
                    context.Response.Body = dripping;
                    try
                    {
                        await next(context);
                    }
                    finally
                    {
                        context.Response.Body = original;
                    }
                }

                return;
            case FaultKind.EchoCredentials:
                context.Response.StatusCode = rule.Status;
                await context.Response.WriteAsJsonAsync(
                    new Dictionary<string, string>
                    {
                        ["detail"] = $"request refused: Authorization: {context.Request.Headers.Authorization}",
                        ["request"] = $"{context.Request.Method} {context.Request.Path} Authorization={context.Request.Headers.Authorization}",
                    },
                    context.RequestAborted);
                return;
            case FaultKind.KeepFirstItems:
                await KeepFirstItemsAsync(context, next, (int)rule.Bytes);
                return;
            case FaultKind.PadBody:
                await PadAsync(context, next, rule.Bytes);
                return;
        }

        await next(context);
    }

    /// <summary>The endpoint sees the request's JSON list cut to its first <paramref name="keep"/> items (any other body as sent).</summary>
    private static async Task KeepFirstItemsAsync(HttpContext context, RequestDelegate next, int keep)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var bytes = buffer.ToArray();
        try
        {
            if (System.Text.Json.Nodes.JsonNode.Parse(bytes) is System.Text.Json.Nodes.JsonArray items)
            {
                var kept = new System.Text.Json.Nodes.JsonArray([.. items.Take(keep).Select(i => i?.DeepClone())]);
                bytes = System.Text.Encoding.UTF8.GetBytes(kept.ToJsonString());
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: the endpoint refuses it as it would.
        }

        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        await next(context);
    }

    /// <summary>The endpoint's answer, then whitespace until <paramref name="bytes"/> went out, sent chunked.</summary>
    private static async Task PadAsync(HttpContext context, RequestDelegate next, long bytes)
    {
        var original = context.Response.Body;
        var counted = new CountingStream(original);
        context.Response.Body = counted;
        context.Response.OnStarting(() =>
        {
            context.Response.ContentLength = null;
            return Task.CompletedTask;
        });
        try
        {
            await next(context);
            var spaces = new byte[64 * 1024];
            spaces.AsSpan().Fill((byte)' ');
            while (counted.Written < bytes && !context.RequestAborted.IsCancellationRequested)
            {
                await counted.WriteAsync(spaces.AsMemory(0, (int)Math.Min(spaces.Length, bytes - counted.Written)), context.RequestAborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client stopped reading, as it should once the answer passes its limit.
        }
        finally
        {
            context.Response.Body = original;
        }
    }
}

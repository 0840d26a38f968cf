using LabelBridge.Core.Platforms;

namespace LabelBridge.Platforms.Bodies;

/// <summary>Runs the <see cref="PlatformWriteFence"/> before every request that changes the platform, so a sweep run that
/// has lost its sweep to another worker sends no further write (each attempt of a retried write is checked too).</summary>
internal sealed class WriteFenceHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head && request.Method != HttpMethod.Options)
        {
            await PlatformWriteFence.CheckAsync(cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}

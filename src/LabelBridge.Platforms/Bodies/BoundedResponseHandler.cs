namespace LabelBridge.Platforms.Bodies;

/// <summary>Puts every JSON answer and every error answer of a platform call behind its platform's
/// <see cref="BodyReadLimits"/> (carried on the request by <see cref="PlatformRefitSettings"/>), before Refit sees it.</summary>
/// <remarks>Refit reads an answer that announces its length into memory before parsing it, under the request timeout
/// only: a stalled answer then held its job for the whole RequestTimeout, and nothing bounded its size but HttpClient's
/// 2 GB. Wrapping the content here bounds every way of reading it. Successful non-JSON answers (frames, images) are
/// left to their fetchers, which read them with the image limits.</remarks>
internal sealed class BoundedResponseHandler(TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (!request.Options.TryGetValue(BodyReadLimits.RequestOption, out var limits))
        {
            return response;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (response.IsSuccessStatusCode && !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return response;
        }

        response.Content = new BoundedContent(response.Content, limits, timeProvider);
        return response;
    }
}

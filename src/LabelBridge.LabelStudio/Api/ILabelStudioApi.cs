using Refit;

namespace LabelBridge.LabelStudio.Api;

/// <summary>The Label Studio REST operations LabelBridge uses. Paths keep Label Studio's trailing slashes.</summary>
internal interface ILabelStudioApi
{
    [Get("/api/version/")]
    Task<IApiResponse<LsVersion>> GetVersionAsync([Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Post("/api/token/refresh/")]
    Task<IApiResponse<LsTokenRefreshResponse>> RefreshTokenAsync([Body] LsTokenRefreshRequest request, CancellationToken cancellationToken);

    [Get("/api/current-user/whoami")]
    Task<IApiResponse<LsUser>> WhoAmIAsync([Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Get("/api/webhooks/")]
    Task<IApiResponse<List<LsWebhook>>> ListWebhooksAsync([Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Get("/api/projects/{id}/")]
    Task<IApiResponse<LsProject>> GetProjectAsync(long id, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Get("/api/tasks/")]
    Task<IApiResponse<LsTaskPage>> ListTasksAsync(
        long project,
        int page,
        [AliasAs("page_size")] int pageSize,
        string fields,
        [Header("Authorization")] string authorization,
        CancellationToken cancellationToken);

    [Get("/api/tasks/{id}/")]
    Task<IApiResponse<LsTask>> GetTaskAsync(long id, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Patch("/api/tasks/{id}/")]
    Task<IApiResponse<LsTask>> PatchTaskMetaAsync(long id, [Body] LsTaskMetaPatch patch, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Get("/api/predictions/")]
    Task<IApiResponse<List<LsPrediction>>> ListPredictionsAsync(long project, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Get("/api/predictions/{id}/")]
    Task<IApiResponse<LsPrediction>> GetPredictionAsync(long id, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Post("/api/predictions/")]
    Task<IApiResponse<LsPrediction>> CreatePredictionAsync([Body] LsPredictionWrite prediction, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Patch("/api/predictions/{id}/")]
    Task<IApiResponse<LsPrediction>> UpdatePredictionAsync(long id, [Body] LsPredictionWrite prediction, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Delete("/api/predictions/{id}/")]
    Task<IApiResponse> DeletePredictionAsync(long id, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Get("/api/dm/views/")]
    Task<IApiResponse<List<LsView>>> ListViewsAsync(long project, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Post("/api/dm/views/")]
    Task<IApiResponse<LsView>> CreateViewAsync([Body] LsViewWrite view, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    [Patch("/api/dm/views/{id}/")]
    Task<IApiResponse<LsView>> UpdateViewAsync(long id, [Body] LsViewWrite view, [Header("Authorization")] string authorization, CancellationToken cancellationToken);
}

using System.Text.Json.Nodes;
using Refit;

namespace LabelBridge.LabelStudio.Api;

/// <summary>The Label Studio REST operations LabelBridge uses. Paths keep Label Studio's trailing slashes.</summary>
/// <remarks>No method takes credentials: the client's <see cref="Auth.LabelStudioAuthHandler"/> adds them to every request.</remarks>
internal interface ILabelStudioApi
{
    [Get("/api/version/")]
    Task<IApiResponse<LsVersion>> GetVersionAsync(CancellationToken cancellationToken);

    [Get("/api/current-user/whoami")]
    Task<IApiResponse<LsUser>> WhoAmIAsync(CancellationToken cancellationToken);

    [Get("/api/webhooks/")]
    Task<IApiResponse<List<LsWebhook>>> ListWebhooksAsync(CancellationToken cancellationToken);

    [Get("/api/projects/{id}/")]
    Task<IApiResponse<LsProject>> GetProjectAsync(long id, CancellationToken cancellationToken);

    [Get("/api/tasks/")]
    Task<IApiResponse<LsTaskPage>> ListTasksAsync(
        long project,
        int page,
        [AliasAs("page_size")] int pageSize,
        string fields,
        CancellationToken cancellationToken);

    /// <summary>The tasks of <paramref name="project"/> among those a data manager <paramref name="query"/> selects (JSON
    /// with <c>selectedItems</c>), for reading many tasks by id in one request.</summary>
    [Get("/api/tasks/")]
    Task<IApiResponse<LsTaskPage>> ListSelectedTasksAsync(
        long project,
        int page,
        [AliasAs("page_size")] int pageSize,
        string fields,
        string query,
        CancellationToken cancellationToken);

    [Get("/api/tasks/{id}/")]
    Task<IApiResponse<LsTask>> GetTaskAsync(long id, CancellationToken cancellationToken);

    /// <summary>The task as JSON, every field of its annotations kept, for a new annotation version made from one.</summary>
    [Get("/api/tasks/{id}/")]
    Task<IApiResponse<JsonObject>> GetTaskJsonAsync(long id, CancellationToken cancellationToken);

    [Post("/api/tasks/{id}/annotations/")]
    Task<IApiResponse<LsAnnotation>> CreateAnnotationAsync(long id, [Body] LsAnnotationWrite annotation, CancellationToken cancellationToken);

    [Patch("/api/tasks/{id}/")]
    Task<IApiResponse<LsTask>> PatchTaskMetaAsync(long id, [Body] LsTaskMetaPatch patch, CancellationToken cancellationToken);

    [Get("/api/predictions/")]
    Task<IApiResponse<List<LsPrediction>>> ListPredictionsAsync(long project, CancellationToken cancellationToken);

    [Get("/api/predictions/{id}/")]
    Task<IApiResponse<LsPrediction>> GetPredictionAsync(long id, CancellationToken cancellationToken);

    [Post("/api/predictions/")]
    Task<IApiResponse<LsPrediction>> CreatePredictionAsync([Body] LsPredictionWrite prediction, CancellationToken cancellationToken);

    /// <summary>Creates many predictions of <paramref name="id"/>'s tasks at once; Label Studio answers only how many
    /// (label_studio/data_import/api.py ImportPredictionsAPI; the path has no trailing slash, data_import/urls.py).</summary>
    [Post("/api/projects/{id}/import/predictions")]
    Task<IApiResponse<LsImportedPredictions>> ImportPredictionsAsync(long id, [Body] IReadOnlyList<LsPredictionWrite> predictions, CancellationToken cancellationToken);

    [Patch("/api/predictions/{id}/")]
    Task<IApiResponse<LsPrediction>> UpdatePredictionAsync(long id, [Body] LsPredictionWrite prediction, CancellationToken cancellationToken);

    [Delete("/api/predictions/{id}/")]
    Task<IApiResponse> DeletePredictionAsync(long id, CancellationToken cancellationToken);

    [Get("/api/dm/views/")]
    Task<IApiResponse<List<LsView>>> ListViewsAsync(long project, CancellationToken cancellationToken);

    [Post("/api/dm/views/")]
    Task<IApiResponse<LsView>> CreateViewAsync([Body] LsViewWrite view, CancellationToken cancellationToken);

    [Patch("/api/dm/views/{id}/")]
    Task<IApiResponse<LsView>> UpdateViewAsync(long id, [Body] LsViewWrite view, CancellationToken cancellationToken);
}

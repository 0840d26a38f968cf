using Refit;

namespace LabelBridge.Cvat.Api;

/// <summary>The CVAT REST calls LabelBridge makes. Every call returns the raw response so the connection can tell an
/// outage, refused credentials or an HTML page from an expected 404.</summary>
/// <remarks>Lists are read with <c>sort=id</c>: CVAT lists newest first by default, so an object created while LabelBridge
/// pages through a list would push one already read onto the next page, read twice.</remarks>
internal interface ICvatApi
{
    [Get("/api/server/about")]
    Task<IApiResponse<CvatAbout>> GetAboutAsync(CancellationToken cancellationToken);

    [Get("/api/users/self")]
    Task<IApiResponse<CvatUser>> GetSelfAsync(CancellationToken cancellationToken);

    /// <summary>The access token the request is signed with (CVAT 2.48+, Bearer only).</summary>
    [Get("/api/auth/access_tokens/self")]
    Task<IApiResponse<CvatAccessToken>> GetOwnAccessTokenAsync(CancellationToken cancellationToken);

    [Get("/api/projects/{id}")]
    Task<IApiResponse<CvatProject>> GetProjectAsync(long id, CancellationToken cancellationToken);

    [Patch("/api/projects/{id}")]
    Task<IApiResponse<CvatProject>> AddProjectLabelsAsync(long id, [Body] CvatProjectLabelsPatch labels, CancellationToken cancellationToken);

    [Get("/api/labels?sort=id")]
    Task<IApiResponse<CvatPage<CvatLabel>>> ListLabelsAsync(
        [AliasAs("project_id")] long projectId, int page, [AliasAs("page_size")] int pageSize, CancellationToken cancellationToken);

    [Get("/api/tasks?sort=id")]
    Task<IApiResponse<CvatPage<CvatTask>>> ListTasksAsync(
        [AliasAs("project_id")] long projectId, int page, [AliasAs("page_size")] int pageSize, CancellationToken cancellationToken);

    [Get("/api/jobs?sort=id")]
    Task<IApiResponse<CvatPage<CvatJob>>> ListJobsAsync(
        [AliasAs("task_id")] long taskId, int page, [AliasAs("page_size")] int pageSize, CancellationToken cancellationToken);

    [Get("/api/jobs/{id}")]
    Task<IApiResponse<CvatJob>> GetJobAsync(long id, CancellationToken cancellationToken);

    [Get("/api/jobs/{id}")]
    Task<IApiResponse<CvatJobProject>> GetJobProjectAsync(long id, CancellationToken cancellationToken);

    [Patch("/api/jobs/{id}")]
    Task<IApiResponse<CvatJob>> UpdateJobStageAsync(long id, [Body] CvatJobStagePatch patch, CancellationToken cancellationToken);

    [Get("/api/jobs/{id}/annotations/")]
    Task<IApiResponse<CvatAnnotations>> GetJobAnnotationsAsync(long id, CancellationToken cancellationToken);

    /// <summary>The same annotations as JSON, every field kept, for an update that must send each object whole.</summary>
    [Get("/api/jobs/{id}/annotations/")]
    Task<IApiResponse<System.Text.Json.Nodes.JsonObject>> GetJobAnnotationsJsonAsync(long id, CancellationToken cancellationToken);

    /// <summary>CVAT's <c>action=update</c> deletes the objects named by id and creates them again from the body
    /// (dataset_manager/task.py JobAnnotation.update), so each object is sent whole.</summary>
    [Patch("/api/jobs/{id}/annotations/?action=update")]
    Task<IApiResponse<System.Text.Json.Nodes.JsonObject>> UpdateJobAnnotationsAsync(
        long id, [Body] System.Text.Json.Nodes.JsonObject annotations, CancellationToken cancellationToken);

    [Patch("/api/jobs/{id}/annotations/?action=create")]
    Task<IApiResponse<CvatAnnotations>> CreateJobTagsAsync(long id, [Body] CvatTagsCreate tags, CancellationToken cancellationToken);

    [Get("/api/jobs/{id}/data/meta")]
    Task<IApiResponse<CvatDataMeta>> GetJobDataMetaAsync(long id, CancellationToken cancellationToken);

    [Get("/api/jobs/{id}/data")]
    Task<HttpResponseMessage> GetFrameAsync(long id, string type, string quality, int number, CancellationToken cancellationToken);

    [Get("/api/issues?sort=id")]
    Task<IApiResponse<CvatPage<CvatIssue>>> ListIssuesAsync(
        [AliasAs("job_id")] long jobId, int page, [AliasAs("page_size")] int pageSize, CancellationToken cancellationToken);

    [Get("/api/issues/{id}")]
    Task<IApiResponse<CvatIssue>> GetIssueAsync(long id, CancellationToken cancellationToken);

    [Post("/api/issues")]
    Task<IApiResponse<CvatIssue>> CreateIssueAsync([Body] CvatIssueCreate issue, CancellationToken cancellationToken);

    [Patch("/api/issues/{id}")]
    Task<IApiResponse<CvatIssue>> ResolveIssueAsync(long id, [Body] CvatIssueResolve patch, CancellationToken cancellationToken);

    [Post("/api/comments")]
    Task<IApiResponse<CvatComment>> CreateCommentAsync([Body] CvatCommentCreate comment, CancellationToken cancellationToken);

    [Get("/api/comments?sort=id")]
    Task<IApiResponse<CvatPage<CvatComment>>> ListCommentsAsync(
        [AliasAs("job_id")] long jobId, int page, [AliasAs("page_size")] int pageSize, CancellationToken cancellationToken);
}

using LabelBridge.Emulators.Faults;
using LabelBridge.Emulators.LabelStudio.Model;

namespace LabelBridge.Emulators.LabelStudio.Endpoints;

/// <summary>Uploaded files under <c>/data/upload/</c>, served to authenticated users as Label Studio does, and public files
/// under <c>/static/</c> (standing in for an image host that needs no credentials).</summary>
internal static class DataEndpoints
{
    public static void Map(WebApplication app, LabelStudioModel model, EmulatorFaults faults)
    {
        app.MapGet("/data/upload/{**path}", (string path, HttpContext context) => ServeAsync(model.File($"/data/upload/{path}"), context, faults));
        app.MapGet("/static/{**path}", (string path, HttpContext context) => ServeAsync(model.File($"/static/{path}"), context, faults));
    }

    private static async Task ServeAsync(EmulatedFile? file, HttpContext context, EmulatorFaults faults)
    {
        if (file is null)
        {
            await Render.DetailAsync(context, 404, "Not found.");
            return;
        }

        context.Response.ContentType = file.ContentType;
        context.Response.ContentLength = file.Bytes.Length;
        if (faults.TruncateImages)
        {
            await context.Response.Body.WriteAsync(file.Bytes.AsMemory(0, file.Bytes.Length / 2), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
            return;
        }

        await context.Response.Body.WriteAsync(file.Bytes, context.RequestAborted);
    }
}

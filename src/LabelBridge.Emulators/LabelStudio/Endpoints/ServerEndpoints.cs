using System.Text.Json.Nodes;
using LabelBridge.Emulators.LabelStudio.Model;

namespace LabelBridge.Emulators.LabelStudio.Endpoints;

internal static class ServerEndpoints
{
    public static void Map(WebApplication app, LabelStudioModel model, JwtTokens tokens, LabelStudioEmulatorOptions options)
    {
        app.MapGet("/api/version/", (HttpContext context) => Render.WriteAsync(context, 200, new JsonObject
        {
            ["release"] = options.Release,
            ["label-studio-os-package"] = new JsonObject { ["version"] = options.Release, ["short_version"] = options.Release[..options.Release.LastIndexOf('.')] },
            ["label-studio-os-backend"] = new JsonObject { ["message"] = "emulated" },
            ["label-studio-frontend"] = new JsonObject(),
            ["dm2"] = new JsonObject(),
            ["label-studio-converter"] = new JsonObject(),
            ["edition"] = "Community",
            ["lsf"] = new JsonObject(),
            ["backend"] = new JsonObject(),
        }));

        app.MapPost("/api/token/refresh/", async (HttpContext context) =>
        {
            var body = await Render.ReadObjectAsync(context);
            var refresh = body?["refresh"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if (refresh is null)
            {
                await Render.WriteAsync(context, 400, new JsonObject { ["refresh"] = new JsonArray("This field is required.") });
                return;
            }

            if (tokens.Validate(refresh, "refresh") is not { } user)
            {
                await Render.WriteAsync(context, 401, new JsonObject { ["detail"] = "Token is invalid or expired", ["code"] = "token_not_valid" });
                return;
            }

            await Render.WriteAsync(context, 200, new JsonObject { ["access"] = tokens.Issue("access", user, options.AccessTokenLifetime) });
        });

        // label_studio/webhooks/api.py WebhookListAPI: the organization's webhooks, unpaginated, filtered by ?project=;
        // WebhookSerializer fields, with `actions` from the webhook's WebhookAction rows.
        app.MapGet("/api/webhooks/", (HttpContext context) =>
        {
            long? project = long.TryParse(context.Request.Query["project"], System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
            var list = new JsonArray();
            foreach (var hook in model.Webhooks().Where(h => project is null || h.Project == project))
            {
                var headers = new JsonObject();
                foreach (var (name, value) in hook.Headers)
                {
                    headers[name] = value;
                }

                list.Add(new JsonObject
                {
                    ["id"] = hook.Id,
                    ["organization"] = 1,
                    ["project"] = hook.Project,
                    ["url"] = hook.Url,
                    ["send_payload"] = true,
                    ["send_for_all_actions"] = hook.SendForAllActions,
                    ["headers"] = headers,
                    ["is_active"] = hook.IsActive,
                    ["consecutive_failures"] = hook.ConsecutiveFailures,
                    ["actions"] = new JsonArray(),
                    ["created_at"] = "2026-01-01T00:00:00.000000Z",
                    ["updated_at"] = "2026-01-01T00:00:00.000000Z",
                });
            }

            return Render.WriteAsync(context, 200, list);
        });

        app.MapGet("/api/current-user/whoami", (HttpContext context) => Render.WriteAsync(context, 200, new JsonObject
        {
            ["id"] = model.UserId,
            ["email"] = "labelbridge@example.org",
            ["username"] = "labelbridge",
            ["first_name"] = "",
            ["last_name"] = "",
        }));
    }
}

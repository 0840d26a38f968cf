namespace LabelBridge.Emulators.Cvat.Webhooks;

/// <summary>A project webhook as CVAT stores it: where to post, the HMAC secret, and the subscribed event keys.</summary>
public sealed record EmulatedWebhook(long Id, long ProjectId, Uri TargetUrl, string Secret, IReadOnlyList<string> Events);

/// <summary>One delivery the emulator made: the event, the exact body sent, and the receiver's status (0: no answer).</summary>
public sealed record WebhookDelivery(long WebhookId, string Event, string Body, int StatusCode);

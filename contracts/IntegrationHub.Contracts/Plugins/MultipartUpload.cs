namespace IntegrationHub.Contracts.Plugins;

/// <summary>
/// The body of an endpoint whose <see cref="PluginEndpoint.RequestType"/> is this type: a <c>multipart/form-data</c>
/// upload the hub has streamed to disk part by part (never whole into memory). The files live in a folder of the
/// hub's that is deleted when the handler returns: a plugin moves what it keeps under its own data folder.
/// </summary>
/// <param name="Fields">The form's text fields (first value per name).</param>
/// <param name="Files">The file parts, in the order they arrived.</param>
public sealed record MultipartUpload(IReadOnlyDictionary<string, string> Fields, IReadOnlyList<UploadedFile> Files);

/// <param name="Name">The form field's name.</param>
/// <param name="FileName">The file name the client sent, without any folder.</param>
/// <param name="Path">Where the hub stored the part's bytes.</param>
public sealed record UploadedFile(string Name, string FileName, string? ContentType, string Path, long Length);

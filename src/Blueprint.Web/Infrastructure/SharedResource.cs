namespace Blueprint.Web;

/// <summary>Anchor type for the zh-CN / en-US strings in Resources/SharedResource.*.resx.</summary>
public sealed class SharedResource;

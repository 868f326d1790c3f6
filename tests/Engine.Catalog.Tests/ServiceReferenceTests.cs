namespace Engine.Catalog.Tests;

public sealed class ServiceReferenceTests
{
    [Fact]
    public void Counts_match_the_snapshot()
    {
        Assert.Equal(456, ServiceReference.Services.Count);
        Assert.Equal(22091, ServiceReference.Actions.Count());
        Assert.Equal(ServiceReference.Services.Count, ServiceReference.Services.Select(s => s.Prefix).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Finds_actions_ignoring_case_with_their_access_level()
    {
        Assert.True(ServiceReference.TryGetAction("S3:getobject", out AwsAction? get));
        Assert.Equal("s3:GetObject", get.FullName);
        Assert.Equal("Read", get.AccessLevel);
        Assert.True(ServiceReference.TryGetAction("iam:TagRole", out AwsAction? tag));
        Assert.Equal("Tagging, Write", tag.AccessLevel);
        Assert.Equal("Tagging", tag.PrimaryAccessLevel);
        Assert.False(ServiceReference.TryGetAction("s3:NoSuchAction", out _));
        Assert.False(ServiceReference.TryGetAction("nosuchservice:Get", out _));
        Assert.False(ServiceReference.TryGetAction("s3", out _));
    }

    [Fact]
    public void Resource_types_carry_arn_formats_and_the_required_flag()
    {
        Assert.True(ServiceReference.TryGetAction("s3:GetObject", out AwsAction? get));
        ActionResourceType row = Assert.Single(get.ResourceTypes, r => r.ResourceType.Name == "object");
        Assert.Equal("arn:${Partition}:s3:::${BucketName}/${ObjectName}", row.ResourceType.ArnFormat);
        Assert.False(row.Required);
        Assert.Contains("s3:BucketTag/${TagKey}", row.ResourceType.ConditionKeys);

        Assert.True(ServiceReference.TryGetAction("lambda:CreateFunction", out AwsAction? create));
        Assert.True(Assert.Single(create.ResourceTypes).Required);
        Assert.True(ServiceReference.TryGetAction("s3:ListAllMyBuckets", out AwsAction? list));
        Assert.Empty(list.ResourceTypes);

        Assert.True(ServiceReference.TryGetService("s3", out AwsService? s3));
        Assert.True(s3.TryGetResourceType("bucket", out AwsResourceType? bucket));
        Assert.Equal("arn:${Partition}:s3:::${BucketName}", bucket.ArnFormat);
    }

    [Fact]
    public void Condition_keys_per_action_per_resource_type_and_per_service()
    {
        Assert.True(ServiceReference.TryGetAction("s3:GetObject", out AwsAction? get));
        Assert.Contains("s3:TlsVersion", get.ConditionKeys);
        string[] all = get.AllConditionKeys().ToArray();
        Assert.Contains("s3:BucketTag/${TagKey}", all); // defined by the resource type, not listed on the action
        Assert.Equal(all.Length, all.Distinct(StringComparer.OrdinalIgnoreCase).Count());

        Assert.True(ServiceReference.TryGetService("S3", out AwsService? s3));
        Assert.True(s3.TryGetConditionKey("s3:tlsversion", out ConditionKeyDefinition? tls));
        Assert.Equal(ConditionKeyType.Numeric, tls.Type);
        Assert.True(s3.TryGetConditionKey("s3:ExistingObjectTag/team", out ConditionKeyDefinition? tag));
        Assert.Equal("s3:ExistingObjectTag/<key>", tag.Key);
        Assert.False(s3.TryGetConditionKey("s3:ExistingObjectTag/", out _));
        Assert.False(s3.TryGetConditionKey("s3:NoSuchKey", out _));
    }

    [Fact]
    public void Dependent_actions_are_read_as_the_data_gives_them()
    {
        // The snapshot (iam-data 0.21.202609261) lists no dependent action anywhere; the API still carries them.
        int dependent = ServiceReference.Actions.Sum(a => a.DependentActions.Count + a.ResourceTypes.Sum(r => r.DependentActions.Count));
        Assert.Equal(0, dependent);
    }

    [Fact]
    public void Every_action_resource_type_resolves_to_a_resource_type_of_its_service()
    {
        foreach (AwsService service in ServiceReference.Services)
        {
            foreach (AwsAction action in service.Actions)
            {
                foreach (ActionResourceType row in action.ResourceTypes)
                {
                    Assert.True(service.TryGetResourceType(row.ResourceType.Name, out AwsResourceType? type), $"{action.FullName} {row.ResourceType.Name}");
                    Assert.Same(type, row.ResourceType);
                }
            }
        }
    }
}

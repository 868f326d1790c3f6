namespace Engine.Testing.Accounts;

public static partial class SyntheticAccount
{
    private const string DeveloperBoundary = "arn:aws:iam::111122223333:policy/boundaries/DeveloperBoundary";
    private const int FillerGroups = 20;
    private const int FillerTemplates = 200;

    private static readonly string[] s_fillerServices =
    [
        "s3", "ec2", "dynamodb", "lambda", "sqs", "sns", "logs", "cloudwatch", "kms", "rds",
        "ecs", "ecr", "glue", "athena", "kinesis", "states", "events", "ssm", "secretsmanager", "cloudformation",
    ];

    private static void AddCore(Model model)
    {
        string s3ReadReports = Arn("policy", "S3ReadReports");
        model.Policies.Add(Policy(
            s3ReadReports,
            "ANPAS3READREPORTS0001",
            [
                ("v1", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", false),
                ("v2", """{"Version":"2012-10-17","Statement":[{"Sid":"ReadReports","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"},{"Sid":"ListReports","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::reports"}]}""", true),
            ],
            "v2"));
        model.Policies.Add(Policy(
            DeveloperBoundary,
            "ANPADEVBOUNDARY00001",
            [("v1", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","dynamodb:*","sts:AssumeRole","cloudformation:*"],"Resource":"*"}]}""", false)],
            "v1"));
        model.Policies.Add(Policy(
            Arn("policy", "DenyDeleteBucket"),
            "ANPADENYDELETEBUCKET1",
            [("v1", """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}""", false)],
            "v1"));

        // Listed in the file although AWS managed (the CLI's default filter lists attached AWS policies).
        string dynamoRead = "arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess";
        model.Policies.Add(Policy(dynamoRead, "ANPAIY2XFNA232XJ6J7X2", [("v3", File.ReadAllText(CorpusPolicy("AmazonDynamoDBReadOnlyAccess")), false)], "v3"));

        const string DevTables = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:PutItem","Resource":"arn:aws:dynamodb:*:111122223333:table/dev-*"}]}""";
        model.Groups.Add(Group("developers", "AGPADEVELOPERS000001", [("DevTables", DevTables, true)], [s3ReadReports]));
        model.Groups.Add(Group("admins", "AGPAADMINS0000000001", [], ["arn:aws:iam::aws:policy/AdministratorAccess"]));

        const string SelfMfa = """{"Version":"2012-10-17","Statement":[{"Sid":"OwnMfa","Effect":"Allow","Action":["iam:CreateVirtualMFADevice","iam:EnableMFADevice"],"Resource":["arn:aws:iam::111122223333:user/${aws:username}","arn:aws:iam::111122223333:mfa/${aws:username}"]}]}""";
        const string TeamInstances = """{"Version":"2012-10-17","Statement":[{"Sid":"TeamInstances","Effect":"Allow","Action":"ec2:StartInstances","Resource":"*","Condition":{"StringEquals":{"ec2:ResourceTag/team":"${aws:PrincipalTag/team}"}}}]}""";
        model.Principals.Add(User("/", "alice", "AIDAALICE00000000001", ["developers"], [("SelfMfa", SelfMfa, true)], [], null, [("team", "blue")]));
        model.Principals.Add(User("/eng/", "bob", "AIDABOB0000000000001", ["developers", "admins"], [], [Arn("policy", "DenyDeleteBucket")], DeveloperBoundary, [("team", "blue")]));
        model.Principals.Add(User("/", "carol", "AIDACAROL00000000001", [], [("TeamInstances", TeamInstances, false)], [], null, [("team", "red")]));
        model.Principals.Add(User("/", "dave", "AIDADAVE000000000001", [], [], ["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess", dynamoRead], null, []));
        model.Principals.Add(User("/", "erin", "AIDAERIN000000000001", [], [("SelfMfa", SelfMfa, true)], [], null, []));

        const string TrustBob = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/eng/bob"},"Action":"sts:AssumeRole"}]}""";
        const string Deploy = """{"Version":"2012-10-17","Statement":[{"Sid":"Stacks","Effect":"Allow","Action":"cloudformation:*","Resource":"*"},{"Sid":"Artifacts","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::artifacts/*"},{"Sid":"OnlyAsDeployer","Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::artifacts","Condition":{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/service/deployer"}}}]}""";
        model.Principals.Add(Role("/service/", "deployer", "AROADEPLOYER00000001", TrustBob, false, [("Deploy", Deploy, false)], [], DeveloperBoundary, [("env", "prod")]));

        const string TrustAccount = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}""";
        const string RequireSession = """{"Version":"2012-10-17","Statement":[{"Sid":"OnlyOwnSessions","Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotLike":{"aws:userid":"AROAAUDITOR00000001:*"}}},{"Sid":"ProdLogs","Effect":"Allow","Action":"logs:GetLogEvents","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/env":"prod"}}}]}""";
        model.Principals.Add(Role("/", "auditor", "AROAAUDITOR00000001", TrustAccount, true, [("RequireSession", RequireSession, true)], ["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"], null, [("env", "prod")]));
    }

    private static void AddFillers(Model model, int count, Random random)
    {
        // A pool of customer managed policies and AWS managed ones left to the bundled copy.
        var pool = new List<string>();
        for (int k = 0; k < s_fillerServices.Length; k++)
        {
            string arn = Arn("policy", $"filler/Read{k:D2}");
            string service = s_fillerServices[k];
            string json = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["{{service}}:Get*","{{service}}:List*","{{service}}:Describe*"],"Resource":"*"}]}""";
            model.Policies.Add(Policy(arn, $"ANPAFILLER{k:D10}", [("v1", json, k % 2 == 0)], "v1"));
            pool.Add(arn);
        }

        pool.AddRange(TestData.ManagedPolicyFiles("*ReadOnlyAccess.json")
            .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).Take(20).Select(name => $"arn:aws:iam::aws:policy/{name}"));

        for (int g = 0; g < FillerGroups; g++)
        {
            model.Groups.Add(Group($"team-{g}", $"AGPATEAM{g:D12}", [], [pool[random.Next(pool.Count)], pool[random.Next(pool.Count)]]));
        }

        var inline = new List<(string Name, string Json, bool Encoded)>();
        for (int k = 0; k < 10; k++)
        {
            string service = s_fillerServices[k];
            string json = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"SERVICE:*","Resource":"arn:aws:SERVICE:*:111122223333:*","Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}}]}""";
            inline.Add(($"Write{service}", json.Replace("SERVICE", service, StringComparison.Ordinal), k % 2 == 1));
        }

        var templates = new List<(string[] Groups, string[] Attached, (string, string, bool)[] Inline, string? Boundary)>();
        for (int t = 0; t < FillerTemplates; t++)
        {
            string[] groups = [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => $"team-{random.Next(FillerGroups)}").Distinct()];
            string[] attached = [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => pool[random.Next(pool.Count)]).Distinct()];
            (string, string, bool)[] policies = random.Next(3) == 0 ? [inline[random.Next(inline.Count)]] : [];
            templates.Add((groups, attached, policies, random.Next(5) == 0 ? DeveloperBoundary : null));
        }

        const string TrustAccount = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}""";
        for (int i = 0; i < count; i++)
        {
            var template = templates[random.Next(templates.Count)];
            (string, string)[] tags = [("team", $"team-{random.Next(FillerGroups)}")];
            if (i % 10 < 7)
            {
                model.Principals.Add(User("/fill/", $"user-{i}", $"AIDAFILL{i:D12}", template.Groups, template.Inline, template.Attached, template.Boundary, tags));
            }
            else
            {
                model.Principals.Add(Role("/fill/", $"role-{i}", $"AROAFILL{i:D12}", TrustAccount, i % 2 == 0, template.Inline, template.Attached, template.Boundary, tags));
            }
        }
    }

    private static string CorpusPolicy(string name) => TestData.ManagedPolicyFile(name);
}

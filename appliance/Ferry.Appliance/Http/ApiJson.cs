using System.Text.Json.Serialization;

namespace Ferry.Appliance.Http;

/// <summary>JSON bodies of the REST API. Source-generated: no reflection, AOT-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(Discovery.DiscoveryDocument))]
[JsonSerializable(typeof(Accounts.CreateAccountBody))]
[JsonSerializable(typeof(Accounts.AccountBody))]
[JsonSerializable(typeof(Accounts.AccountListBody))]
[JsonSerializable(typeof(Accounts.LoginBody))]
[JsonSerializable(typeof(Accounts.SessionBody))]
[JsonSerializable(typeof(Directory.CreateDepartmentBody))]
[JsonSerializable(typeof(Directory.RenameDepartmentBody))]
[JsonSerializable(typeof(Directory.MoveDepartmentBody))]
[JsonSerializable(typeof(Directory.ReorderDepartmentsBody))]
[JsonSerializable(typeof(Directory.ProfileBody))]
[JsonSerializable(typeof(Directory.MembershipsBody))]
[JsonSerializable(typeof(Directory.AttributeDefinitionBody))]
[JsonSerializable(typeof(Directory.FieldSettingsBody))]
[JsonSerializable(typeof(Directory.DepartmentBody))]
[JsonSerializable(typeof(Directory.DepartmentListBody))]
[JsonSerializable(typeof(Directory.DirectoryAccountBody))]
[JsonSerializable(typeof(Directory.MemberListBody))]
[JsonSerializable(typeof(Directory.AttributeBody))]
[JsonSerializable(typeof(Directory.DirectorySettingsBody))]
[JsonSerializable(typeof(Directory.DirectoryChangesBody))]
[JsonSerializable(typeof(Directory.Administration.CreateAdministratorBody))]
[JsonSerializable(typeof(Directory.Administration.AdministratorBody))]
[JsonSerializable(typeof(Directory.Administration.AdministratorListBody))]
[JsonSerializable(typeof(Directory.Administration.AdministratorSelfBody))]
[JsonSerializable(typeof(Directory.Ldap.LdapSettingsBody))]
[JsonSerializable(typeof(Directory.Ldap.LdapSyncBody))]
[JsonSerializable(typeof(Directory.Ldap.LdapPlanBody))]
[JsonSerializable(typeof(Directory.Ldap.LdapSyncResultBody))]
[JsonSerializable(typeof(Directory.Search.AdminSearchBody))]
[JsonSerializable(typeof(Directory.Visibility.AccountRuleInputBody))]
[JsonSerializable(typeof(Directory.Visibility.DepartmentRuleInputBody))]
[JsonSerializable(typeof(Directory.Visibility.AccountRuleBody))]
[JsonSerializable(typeof(Directory.Visibility.DepartmentRuleBody))]
[JsonSerializable(typeof(Directory.Visibility.AccountRuleListBody))]
[JsonSerializable(typeof(Directory.Visibility.DepartmentRuleListBody))]
[JsonSerializable(typeof(Enterprise.EnterpriseBody))]
[JsonSerializable(typeof(Enterprise.PublicEnterpriseBody))]
[JsonSerializable(typeof(Connections.OnlineListBody))]
internal sealed partial class ApiJson : JsonSerializerContext;

internal sealed record ErrorBody(ErrorDetail Error);

internal sealed record ErrorDetail(uint Code, string Name, string Message);

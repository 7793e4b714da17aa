import SlipwayConfig
import Testing

/// Two services in one repository, a tag-triggered production and notifications.
private let monorepo = """
    app: lab
    source:
      owner: acme
      connection: arn:aws:codeconnections:us-east-1:123456789012:connection/abc
    cluster:
      name: lab
      subnets: [subnet-0a1b]
    environments:
      development:
        branch: main
        notifications: false
      staging:
        branch: main
        trigger: manual
        notifications:
          webhook: ${env:HOOK}
          events: [succeeded]
      production:
        branch: main
        trigger: tags
        queue: true
        approval: true
    services:
      api:
        repo: platform
        paths: [services/api/**, libs/common/**]
      worker:
        repo: platform
        paths:
          include: [services/worker/**]
          exclude: ["**/*.md"]
    notifications:
      email: [ops@example.org]

    """

@Test func aMonorepoWithTagReleasesAndNotificationsResolves() throws {
    let file = try ConfigLoader.load(text: monorepo, fileName: "slipway.yml", variables: ["HOOK": "https://hooks.example.org/T/B/x"])
    let api = try #require(file.service("api", in: "production"))
    #expect(api.trigger == .tags(["v*"]))
    #expect(api.queue)
    #expect(api.paths == .init(include: ["services/api/**", "libs/common/**"], exclude: []))
    let worker = try #require(file.service("worker", in: "development"))
    #expect(worker.trigger == .push)
    #expect(!worker.queue)
    #expect(worker.paths == .init(include: ["services/worker/**"], exclude: ["**/*.md"]))
    #expect(file.service("api", in: "staging")?.trigger == .manual)

    #expect(file.notifications(in: "development") == nil)
    let staging = try #require(file.notifications(in: "staging"))
    #expect(staging.email.isEmpty)
    #expect(staging.webhook?.value.revealed == "https://hooks.example.org/T/B/x")
    #expect(staging.eventKinds == [.succeeded])
    let production = try #require(file.notifications(in: "production"))
    #expect(production.email.map(\.value) == ["ops@example.org"])
    #expect(production.webhook == nil)
    #expect(production.eventKinds == [.failed, .approval])
}

@Test func theWebhookNeverAppearsInTheFilesDescription() throws {
    let file = try ConfigLoader.load(text: monorepo, fileName: "slipway.yml", variables: ["HOOK": "https://hooks.example.org/T/B/T0P5ECRET"])
    #expect(!String(describing: file).contains("T0P5ECRET"))
    #expect(!String(reflecting: file).contains("T0P5ECRET"))
}

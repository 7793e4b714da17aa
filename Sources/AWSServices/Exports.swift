// Code above this layer imports AWSServices and gets the deployer's services with it.
@_exported import AWSDeployServices

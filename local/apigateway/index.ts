export { HttpApiError, HttpApiListenError } from './errors.ts';
export {
  type HttpApiDefinition,
  type HttpApiRoute,
  httpApiDefinitions,
  type LambdaIntegration,
  MAX_INTEGRATION_TIMEOUT_MILLIS,
} from './http-api-definition.ts';
export {
  type HttpApiInvoke,
  type HttpApiServer,
  type HttpApiServerOptions,
  type IntegrationFailure,
  type LocalRouteHandler,
  MAX_REQUEST_BYTES,
  startHttpApiServer,
} from './http-api-server.ts';
export { eventBody, newRequestId, type RequestTarget, requestEvent, requestTime } from './request-event.ts';
export { gatewayResponse, type HttpResponse, mapFunctionResponse } from './response-mapping.ts';
export { type RouteMatch, routeMatcher } from './route-matcher.ts';

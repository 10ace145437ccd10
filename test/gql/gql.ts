/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query AlbumsPage($first: Int!, $after: String, $search: String) {\n    albums(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id title artist { id name } tracks { title trackNumber } } }\n    }\n  }\n": typeof types.AlbumsPageDocument,
    "\n  query AlbumsWithCovers($first: Int!) {\n    albums(first: $first) {\n      edges { node { title artist { name image { status } } tracks { title } cover { status url dominantColor job { priority state } } } }\n    }\n  }\n": typeof types.AlbumsWithCoversDocument,
    "\n  query NodeLookup($id: ID!, $ids: [ID!]!) {\n    node(id: $id) { id ... on Album { title } }\n    nodes(ids: $ids) { id ... on Artist { name } ... on Album { title } }\n  }\n": typeof types.NodeLookupDocument,
    "\n  query AlbumById($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album { title }\n      ... on NotFoundError { message id }\n      ... on ValidationError { message field }\n    }\n  }\n": typeof types.AlbumByIdDocument,
};
const documents: Documents = {
    "\n  query AlbumsPage($first: Int!, $after: String, $search: String) {\n    albums(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id title artist { id name } tracks { title trackNumber } } }\n    }\n  }\n": types.AlbumsPageDocument,
    "\n  query AlbumsWithCovers($first: Int!) {\n    albums(first: $first) {\n      edges { node { title artist { name image { status } } tracks { title } cover { status url dominantColor job { priority state } } } }\n    }\n  }\n": types.AlbumsWithCoversDocument,
    "\n  query NodeLookup($id: ID!, $ids: [ID!]!) {\n    node(id: $id) { id ... on Album { title } }\n    nodes(ids: $ids) { id ... on Artist { name } ... on Album { title } }\n  }\n": types.NodeLookupDocument,
    "\n  query AlbumById($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album { title }\n      ... on NotFoundError { message id }\n      ... on ValidationError { message field }\n    }\n  }\n": types.AlbumByIdDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlbumsPage($first: Int!, $after: String, $search: String) {\n    albums(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id title artist { id name } tracks { title trackNumber } } }\n    }\n  }\n"): (typeof documents)["\n  query AlbumsPage($first: Int!, $after: String, $search: String) {\n    albums(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id title artist { id name } tracks { title trackNumber } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlbumsWithCovers($first: Int!) {\n    albums(first: $first) {\n      edges { node { title artist { name image { status } } tracks { title } cover { status url dominantColor job { priority state } } } }\n    }\n  }\n"): (typeof documents)["\n  query AlbumsWithCovers($first: Int!) {\n    albums(first: $first) {\n      edges { node { title artist { name image { status } } tracks { title } cover { status url dominantColor job { priority state } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NodeLookup($id: ID!, $ids: [ID!]!) {\n    node(id: $id) { id ... on Album { title } }\n    nodes(ids: $ids) { id ... on Artist { name } ... on Album { title } }\n  }\n"): (typeof documents)["\n  query NodeLookup($id: ID!, $ids: [ID!]!) {\n    node(id: $id) { id ... on Album { title } }\n    nodes(ids: $ids) { id ... on Artist { name } ... on Album { title } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlbumById($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album { title }\n      ... on NotFoundError { message id }\n      ... on ValidationError { message field }\n    }\n  }\n"): (typeof documents)["\n  query AlbumById($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album { title }\n      ... on NotFoundError { message id }\n      ... on ValidationError { message field }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;
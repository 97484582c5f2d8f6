//! What a request body's media type says in its `encoding`: the styles of a form's array
//! properties, and the media types of a multipart body's parts.

use crate::ir::{self, Media};

/// The array properties of a form body that its `encoding` writes otherwise than as
/// repeated keys. openapiv3 reads an absent `explode` as `false`, so `style: form` cannot
/// be told from `style: form, explode: true`; both are taken as OpenAPI's default.
pub(super) fn form_arrays(media: Media, entry: &openapiv3::MediaType) -> Vec<ir::FormArray> {
    if media != Media::FormUrlEncoded {
        return Vec::new();
    }
    let style = |e: &openapiv3::Encoding| match e.style.as_ref()? {
        openapiv3::QueryStyle::Form => None,
        openapiv3::QueryStyle::SpaceDelimited => Some(ir::ParamStyle::SpaceDelimited),
        openapiv3::QueryStyle::PipeDelimited => Some(ir::ParamStyle::PipeDelimited),
        openapiv3::QueryStyle::DeepObject => Some(ir::ParamStyle::DeepObject),
    };
    entry.encoding.iter().filter_map(|(name, e)| Some(ir::FormArray { name: name.clone(), style: style(e)? })).collect()
}

/// The media types a multipart body's `encoding` declares for its properties' parts.
pub(super) fn part_types(media: Media, entry: &openapiv3::MediaType) -> Vec<ir::PartType> {
    if media != Media::Multipart {
        return Vec::new();
    }
    let declared = |e: &openapiv3::Encoding| {
        let list: Vec<String> =
            e.content_type.as_deref()?.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect();
        (!list.is_empty()).then_some(list)
    };
    entry
        .encoding
        .iter()
        .filter_map(|(name, e)| Some(ir::PartType { name: name.clone(), content_types: declared(e)? }))
        .collect()
}

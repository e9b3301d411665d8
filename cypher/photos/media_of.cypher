// `instagraph media sweep`: the media descriptors of the photos among $ids that exist.
UNWIND $ids AS id
MATCH (photo:Photo {id: id})
RETURN photo.id AS id, photo.media AS media

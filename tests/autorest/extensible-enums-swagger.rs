//! extensible-enums-swagger.json against the AutoRest test server
//! (`routes/extensibleEnums.js`): one test per scenario, with the values the scenario
//! defines. `x-ms-enum`'s `modelAsString: true` makes the enums open: a value the spec does
//! not list is kept, not refused.

use autorest_extensible_enums_swagger::client::Client;
use autorest_extensible_enums_swagger::models::*;

fn client() -> Client {
    Client::new(&std::env::var("AUTOREST_URL").expect("AUTOREST_URL")).expect("client")
}

#[tokio::test]
async fn expected_enum() {
    let r = client().pet_get_by_pet_id("tommy").await.expect("call");
    let PetGetByPetIdResponse::Ok(pet) = &*r;
    assert_eq!(pet.name.as_deref(), Some("Tommy Tomson"));
    assert_eq!(pet.days_of_week, Some(DaysOfWeekExtensibleEnum::Monday));
    assert_eq!(pet.int_enum, IntEnum::V1);
}

#[tokio::test]
async fn unexpected_enum() {
    let r = client().pet_get_by_pet_id("casper").await.expect("call");
    let PetGetByPetIdResponse::Ok(pet) = &*r;
    assert_eq!(pet.name.as_deref(), Some("Casper Ghosty"));
    assert_eq!(pet.days_of_week, Some(DaysOfWeekExtensibleEnum::Other("Weekend".into())));
    assert_eq!(pet.int_enum, IntEnum::V2);
}

#[tokio::test]
async fn allowed_value_enum() {
    let r = client().pet_get_by_pet_id("scooby").await.expect("call");
    let PetGetByPetIdResponse::Ok(pet) = &*r;
    assert_eq!(pet.name.as_deref(), Some("Scooby Scarface"));
    assert_eq!(pet.days_of_week, Some(DaysOfWeekExtensibleEnum::Thursday));
    assert_eq!(pet.int_enum, IntEnum::Other("2.1".into()));
}

#[tokio::test]
async fn round_trip_enum() {
    let pet =
        Pet { name: Some("Retriever".into()), days_of_week: Some(DaysOfWeekExtensibleEnum::Friday), int_enum: IntEnum::V2 };
    let r = client().pet_add_pet().body(pet.clone()).await.expect("call");
    assert_eq!(*r, PetAddPetResponse::Ok(pet));
}
